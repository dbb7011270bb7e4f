export default function NewTicket() {
  return <p>new</p>;
}
